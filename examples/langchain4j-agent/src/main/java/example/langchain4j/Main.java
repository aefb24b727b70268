package example.langchain4j;

import dev.langchain4j.model.openai.OpenAiChatModel;
import io.planexec.client.PlanexecClient;
import io.planexec.langchain4j.PlanexecToolCalls;

/**
 * Asks the trip agent a question, with OpenAI's model ({@code OPENAI_API_KEY}; {@code OPENAI_MODEL}, default
 * gpt-4o-mini) and planexec at {@code PLANEXEC_BOOTSTRAP_SERVERS} (default: 127.0.0.1:9092), whose executor serves
 * {@link TripTools} (docs/tools.md, "LangChain4j").
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) throws Exception {
        String key = System.getenv("OPENAI_API_KEY");
        if (key == null || key.isBlank()) {
            System.err.println("set OPENAI_API_KEY (the test of this example uses a scripted model instead)");
            System.exit(2);
        }
        String question = args.length > 0
                ? String.join(" ", args)
                : "Book Ann a hotel in Lisbon, show her booking, and tell me the weather in Lisbon and Porto.";
        OpenAiChatModel model = OpenAiChatModel.builder()
                .apiKey(key)
                .modelName(System.getenv().getOrDefault("OPENAI_MODEL", "gpt-4o-mini"))
                .build();
        try (PlanexecClient client = PlanexecClient.builder()
                .bootstrapServers(System.getenv().getOrDefault("PLANEXEC_BOOTSTRAP_SERVERS", "127.0.0.1:9092"))
                .build()) {
            System.out.println(new TripAgent(model, new PlanexecToolCalls(client)).ask(question));
        }
    }
}
