package example.langchain4j;

import io.planexec.executor.tool.Tool;
import io.planexec.executor.tool.ToolProvider;
import io.planexec.langchain4j.LangChain4jTools;
import java.util.Collection;

/** Serves {@link TripTools} from an executor: {@code PLANEXEC_CLASSPATH=this-example.jar ./planexec executor ...}. */
public final class TripToolProvider implements ToolProvider {

    @Override
    public Collection<Tool> tools() {
        return LangChain4jTools.from(new TripTools());
    }
}
