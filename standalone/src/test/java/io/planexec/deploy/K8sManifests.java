package io.planexec.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.Yaml;

/**
 * The Kubernetes manifests of {@code deploy/k8s}, read as kustomize reads them: the base's resources, and an overlay
 * rendered by applying its namespace, images and JSON patches (the subset of kustomize the overlays use) to them.
 */
final class K8sManifests {

    static final Path K8S = DeployFiles.root().resolve("deploy/k8s");

    private K8sManifests() {}

    /** The base's documents, in the order of its kustomization's resources. */
    static List<Map<String, Object>> base() {
        Path base = K8S.resolve("base");
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object resource :
                list(load(base.resolve("kustomization.yaml")).get(0).get("resources"))) {
            docs.addAll(load(base.resolve(String.valueOf(resource))));
        }
        return docs;
    }

    /** An overlay rendered: the base with the overlay's namespace, images and patches applied. */
    static List<Map<String, Object>> overlay(String name) {
        Map<String, Object> kustomization = load(K8S.resolve("overlays")
                        .resolve(name)
                        .resolve("kustomization.yaml"))
                .get(0);
        List<Map<String, Object>> docs = base();
        Object namespace = kustomization.get("namespace");
        for (Map<String, Object> doc : docs) {
            if (namespace != null) {
                map(doc.get("metadata")).put("namespace", namespace);
            }
        }
        Object patches = kustomization.get("patches");
        if (patches != null) {
            for (Object p : list(patches)) {
                Map<String, Object> patch = map(p);
                Map<String, Object> target = map(patch.get("target"));
                List<Object> ops = list(new Yaml().load(String.valueOf(patch.get("patch"))));
                for (Map<String, Object> doc : docs) {
                    if (Objects.equals(target.get("kind"), doc.get("kind"))
                            && (target.get("name") == null
                                    || Objects.equals(
                                            target.get("name"),
                                            map(doc.get("metadata")).get("name")))) {
                        ops.forEach(op -> JsonPatch.apply(doc, map(op)));
                    }
                }
            }
        }
        return docs;
    }

    /**
     * The principals and their ACLs as {@code docs/deploy.md} shows them, generated from the KafkaUsers: a row per
     * principal and resource.
     */
    static String aclsMarkdown(List<Map<String, Object>> docs) {
        StringBuilder out = new StringBuilder("| principal | resource | name | operations |\n|---|---|---|---|\n");
        for (Map<String, Object> user : ofKind(docs, "KafkaUser")) {
            for (Object a : list(at(user, "spec", "authorization", "acls"))) {
                Map<String, Object> acl = map(a);
                String pattern = String.valueOf(at(acl, "resource", "patternType"));
                out.append("| `")
                        .append(name(user))
                        .append("` | ")
                        .append(at(acl, "resource", "type"))
                        .append(" | `")
                        .append(at(acl, "resource", "name"))
                        .append(pattern.equals("prefix") ? "*" : "")
                        .append("` | ")
                        .append(String.join(
                                ", ",
                                list(acl.get("operations")).stream()
                                        .map(String::valueOf)
                                        .toList()))
                        .append(" |\n");
            }
        }
        return out.toString();
    }

    static List<Map<String, Object>> ofKind(List<Map<String, Object>> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
    }

    static String name(Map<String, Object> doc) {
        return String.valueOf(map(doc.get("metadata")).get("name"));
    }

    /** The containers of a workload (Deployment, StatefulSet). */
    static List<Map<String, Object>> containers(Map<String, Object> workload) {
        return list(at(workload, "spec", "template", "spec", "containers")).stream()
                .map(K8sManifests::map)
                .toList();
    }

    /** A container's environment: name to literal value, or to "secret:NAME/KEY" or "field:PATH". */
    static Map<String, String> env(Map<String, Object> container) {
        Map<String, String> env = new LinkedHashMap<>();
        Object list = container.get("env");
        if (list == null) {
            return env;
        }
        for (Object e : list(list)) {
            Map<String, Object> var = map(e);
            String value;
            if (var.containsKey("value")) {
                value = String.valueOf(var.get("value"));
            } else if (at(var, "valueFrom", "secretKeyRef") != null) {
                Map<String, Object> ref = map(at(var, "valueFrom", "secretKeyRef"));
                value = "secret:" + ref.get("name") + "/" + ref.get("key");
            } else {
                value = "field:" + at(var, "valueFrom", "fieldRef", "fieldPath");
            }
            env.put(String.valueOf(var.get("name")), value);
        }
        return env;
    }

    /** The value at a path of map keys, or null. */
    static Object at(Object node, String... path) {
        Object current = node;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> m)) {
                return null;
            }
            current = m.get(key);
        }
        return current;
    }

    static List<Map<String, Object>> load(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            List<Map<String, Object>> docs = new ArrayList<>();
            for (Object doc : new Yaml().loadAll(reader)) {
                if (doc != null) {
                    docs.add(map(doc));
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node) {
        if (!(node instanceof Map)) {
            throw new IllegalArgumentException("expected a mapping, got " + node);
        }
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object node) {
        if (!(node instanceof List)) {
            throw new IllegalArgumentException("expected a sequence, got " + node);
        }
        return (List<Object>) node;
    }

    /** The JSON patch operations the overlays use ({@code replace}, {@code add}) on parsed YAML. */
    static final class JsonPatch {

        private JsonPatch() {}

        static void apply(Map<String, Object> doc, Map<String, Object> op) {
            String operation = String.valueOf(op.get("op"));
            String[] path = String.valueOf(op.get("path")).substring(1).split("/");
            Object parent = doc;
            for (int i = 0; i < path.length - 1; i++) {
                parent = child(parent, path[i], op);
            }
            String last = path[path.length - 1];
            Object value = op.get("value");
            if (parent instanceof Map<?, ?>) {
                Map<String, Object> m = map(parent);
                if (operation.equals("replace") && !m.containsKey(last)) {
                    throw new IllegalArgumentException("replace of a missing key: " + op);
                }
                m.put(last, value);
            } else {
                List<Object> l = list(parent);
                if (last.equals("-")) {
                    l.add(value);
                } else if (operation.equals("replace")) {
                    l.set(Integer.parseInt(last), value);
                } else {
                    l.add(Integer.parseInt(last), value);
                }
            }
        }

        private static Object child(Object node, String key, Map<String, Object> op) {
            Object child = node instanceof Map<?, ?> m ? m.get(key) : list(node).get(Integer.parseInt(key));
            if (child == null) {
                throw new IllegalArgumentException("no " + key + " on the path of " + op);
            }
            return child;
        }
    }
}
