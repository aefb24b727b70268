package example.springai;

import org.springframework.ai.ollama.OllamaChatModel;
import org.springframework.ai.ollama.api.OllamaApi;
import org.springframework.ai.ollama.api.OllamaChatOptions;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application with a Spring AI chat model (a local Ollama model) whose tool calls run through planexec:
 * the {@code planexec-spring-ai} dependency and {@code planexec.bootstrap-servers} (application.properties) make the
 * tool calling manager, and {@link Assistant}'s chat client runs its tool calls with it. With {@code ./planexec dev} and
 * {@code ollama serve} running: {@code java -cp ... example.springai.AssistantApplication "What's the weather in Oslo?"}.
 */
@SpringBootApplication
public class AssistantApplication {

    public static void main(String[] args) {
        String question = args.length > 0
                ? String.join(" ", args)
                : "What is the weather in Oslo, and what is the news about tech?";
        try (ConfigurableApplicationContext context = SpringApplication.run(AssistantApplication.class)) {
            System.out.println(context.getBean(Assistant.class).ask(question));
        }
    }

    /** The model: Ollama's, at {@code ollama.base-url}; left out when {@code assistant.model} names another. */
    @Bean
    @ConditionalOnProperty(name = "assistant.model", havingValue = "ollama", matchIfMissing = true)
    OllamaChatModel chatModel(
            @Value("${ollama.base-url:http://localhost:11434}") String baseUrl,
            @Value("${ollama.model:llama3.1}") String model) {
        return OllamaChatModel.builder()
                .ollamaApi(OllamaApi.builder().baseUrl(baseUrl).build())
                .options(OllamaChatOptions.builder().model(model).build())
                .build();
    }
}
