package io.planexec.openapi;

import io.planexec.executor.source.ToolSource;
import io.planexec.executor.source.ToolSourceException;
import io.planexec.executor.tool.Tool;
import io.planexec.executor.tool.Toolbox;
import io.planexec.model.SpecOverride;
import io.planexec.model.ToolSpec;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations of the services of an {@link OpenApiConfig}, as a {@link ToolSource}: {@link #open} reads every
 * service's OpenAPI document and registers a tool per operation, named {@code SERVICE__operationId}, with a spec from
 * its method and path ({@link OpenApiToolSpecs}) and the file's overrides (docs/tools.md, "OpenAPI services").
 */
public final class OpenApiTools implements ToolSource {

    private static final Logger LOGGER = LoggerFactory.getLogger(OpenApiTools.class);

    private final OpenApiConfig config;
    private final HttpClient client;

    public OpenApiTools(OpenApiConfig config) {
        this(
                config,
                HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(10))
                        .followRedirects(HttpClient.Redirect.NORMAL)
                        .build());
    }

    OpenApiTools(OpenApiConfig config, HttpClient client) {
        this.config = config;
        this.client = client;
    }

    @Override
    public synchronized void open(Toolbox toolbox) {
        List<Tool> tools = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (OpenApiConfig.Service service : config.services().values()) {
            try {
                tools.addAll(tools(service));
            } catch (IllegalArgumentException e) {
                problems.add(service + ": " + e.getMessage());
            }
        }
        Set<String> names = new LinkedHashSet<>();
        for (Tool tool : tools) {
            if (!names.add(tool.name()) || toolbox.hasSpec(tool.name())) {
                problems.add("two tools are named " + tool.name());
            }
        }
        for (String overridden : config.overrides().keySet()) {
            if (!names.contains(overridden)) {
                LOGGER.warn(
                        "openapi_override={} effect=none error=\"no operation makes a tool of this name\"", overridden);
            }
        }
        if (!problems.isEmpty()) {
            throw new ToolSourceException(String.join("; ", problems));
        }
        toolbox.registerAll(tools);
    }

    private List<Tool> tools(OpenApiConfig.Service service) {
        OpenApiDocuments.Document document = OpenApiDocuments.read(service.spec());
        document.warnings().forEach(w -> LOGGER.info("openapi_service={} document_warning=\"{}\"", service.name(), w));
        String baseUrl = service.baseUrl() != null ? service.baseUrl() : document.serverUrl();
        if (baseUrl == null || !(baseUrl.startsWith("http://") || baseUrl.startsWith("https://"))) {
            throw new IllegalArgumentException("no base URL: the document names no absolute server URL"
                    + (baseUrl == null ? "" : " (it names '" + baseUrl + "')") + "; give the service a base_url");
        }
        Map<String, HttpOperation> byId = new LinkedHashMap<>();
        for (HttpOperation op : document.operations()) {
            if (op.operationId() == null) {
                LOGGER.info(
                        "openapi_service={} operation=\"{} {}\" state=not_served reason=\"it has no operationId\"",
                        service.name(),
                        op.method(),
                        op.path());
                continue;
            }
            byId.put(op.operationId(), op);
        }
        List<String> wanted = service.operations() == null ? List.copyOf(byId.keySet()) : service.operations();
        List<Tool> tools = new ArrayList<>();
        for (String id : wanted) {
            HttpOperation op = byId.get(id);
            if (op == null) {
                throw new IllegalArgumentException(
                        "the document has no operation '" + id + "' (it has " + byId.keySet() + ")");
            }
            ToolSpec spec;
            try {
                String name = OpenApiToolSpecs.toolName(service.name(), id);
                spec = OpenApiToolSpecs.spec(
                        service.name(), op, config.overrides().getOrDefault(name, SpecOverride.NONE));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("operation '" + id + "': " + e.getMessage(), e);
            }
            HttpToolCall call = new HttpToolCall(client, baseUrl, service.headers(), op);
            tools.add(Tool.async(spec, call::call));
        }
        LOGGER.info(
                "openapi_service={} base_url={} tools={}",
                service.name(),
                baseUrl,
                tools.stream().map(Tool::name).toList());
        return tools;
    }

    /** Nothing to stop: the HTTP client's connections close with it. */
    @Override
    public void close() {}

    @Override
    public String toString() {
        return "OpenAPI services " + config.services().keySet();
    }
}
