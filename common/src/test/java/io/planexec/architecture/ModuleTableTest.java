package io.planexec.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The module table of docs/architecture.md against the poms: every module of the build has a row, and the planexec
 * modules a row says it depends on are the ones its pom declares (compile scope).
 */
class ModuleTableTest {

    private static final Path ROOT = Path.of("..");
    private static final Pattern SEPARATORS = Pattern.compile("[,()]");
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z0-9/-]+)` \\|[^|]*\\|([^|]*)\\|$");

    @Test
    void shouldListEveryModuleWithThePlanexecModulesItsPomDependsOn() throws Exception {
        List<String> modules = children(root(ROOT.resolve("pom.xml")), "modules", "module");
        Map<String, Set<String>> documented = table(modules);

        assertThat(documented.keySet()).containsExactlyInAnyOrderElementsOf(modules);
        for (String module : modules) {
            assertThat(documented.get(module))
                    .as("docs/architecture.md: the planexec modules `%s` depends on (%s/pom.xml)", module, module)
                    .isEqualTo(declared(module, modules));
        }
    }

    /** Per row: the module, and the names in its "depends on" cell that are modules of the build. */
    private static Map<String, Set<String>> table(List<String> modules) throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/architecture.md"), StandardCharsets.UTF_8);
        String section = doc.substring(doc.indexOf("## Modules"), doc.indexOf("\n## ", doc.indexOf("## Modules") + 1));
        Map<String, Set<String>> rows = new LinkedHashMap<>();
        for (String line : section.lines().toList()) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                Set<String> deps = SEPARATORS
                        .splitAsStream(m.group(2))
                        .map(String::trim)
                        .filter(modules::contains)
                        .collect(Collectors.toCollection(TreeSet::new));
                rows.put(m.group(1), deps);
            }
        }
        return rows;
    }

    /** The modules of the build that a module's pom declares as compile dependencies. */
    private static Set<String> declared(String module, List<String> modules) throws Exception {
        Set<String> deps = new TreeSet<>();
        Element dependencies = first(root(ROOT.resolve(module).resolve("pom.xml")), "dependencies");
        if (dependencies == null) {
            return deps;
        }
        NodeList list = dependencies.getElementsByTagName("dependency");
        for (int i = 0; i < list.getLength(); i++) {
            Element d = (Element) list.item(i);
            String artifact = text(d, "artifactId");
            String scope = text(d, "scope");
            String name = moduleOf(artifact, modules);
            if (name != null && (scope == null || scope.equals("compile"))) {
                deps.add(name);
            }
        }
        return deps;
    }

    /** The module of the build whose pom names this artifact ({@code planexec-langchain4j}: integrations/langchain4j). */
    private static String moduleOf(String artifact, List<String> modules) throws Exception {
        for (String module : modules) {
            Element project = root(ROOT.resolve(module).resolve("pom.xml"));
            for (Node child = project.getFirstChild(); child != null; child = child.getNextSibling()) {
                if (child instanceof Element e && e.getTagName().equals("artifactId")) {
                    if (e.getTextContent().trim().equals(artifact)) {
                        return module;
                    }
                    break;
                }
            }
        }
        return null;
    }

    private static Element root(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(pom.toFile())
                .getDocumentElement();
    }

    /** The element's direct child of this name, or {@code null}. */
    private static Element first(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static List<String> children(Element parent, String container, String name) {
        Element c = first(parent, container);
        NodeList list = c.getElementsByTagName(name);
        return java.util.stream.IntStream.range(0, list.getLength())
                .mapToObj(i -> list.item(i).getTextContent().trim())
                .toList();
    }

    private static String text(Element parent, String name) {
        Element e = first(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }
}
