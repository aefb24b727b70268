// Validates Kubernetes manifests against the schemas of Kubernetes, KEDA and the Prometheus Operator
// (kubernetes-models). Usage: node validate.mjs FILE.yaml...   Prints a line per document; exits 1 if any is invalid.
// Kinds without a schema here (Strimzi's KafkaTopic) are listed as "unchecked"; DeployManifestsTest checks those.
import { readFileSync } from "node:fs";
import yaml from "js-yaml";
import { ConfigMap, Service } from "kubernetes-models/v1";
import { Deployment, StatefulSet } from "kubernetes-models/apps/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { ScaledObject } from "@kubernetes-models/keda/keda.sh/v1alpha1";
import { PodMonitor, PrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1";

const models = {
  "v1/ConfigMap": ConfigMap,
  "v1/Service": Service,
  "apps/v1/Deployment": Deployment,
  "apps/v1/StatefulSet": StatefulSet,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
  "keda.sh/v1alpha1/ScaledObject": ScaledObject,
  "monitoring.coreos.com/v1/PodMonitor": PodMonitor,
  "monitoring.coreos.com/v1/PrometheusRule": PrometheusRule,
};

let invalid = 0;
for (const file of process.argv.slice(2)) {
  for (const doc of yaml.loadAll(readFileSync(file, "utf8"))) {
    if (!doc) continue;
    const kind = `${doc.apiVersion}/${doc.kind}`;
    const name = doc.metadata?.name;
    const Model = models[kind];
    if (!Model) {
      console.log(`unchecked ${kind} ${name} (${file}): no schema here`);
      continue;
    }
    try {
      new Model(doc).validate();
      console.log(`valid ${kind} ${name}`);
    } catch (e) {
      invalid++;
      console.log(`INVALID ${kind} ${name} (${file}): ${e.message}`);
    }
  }
}
process.exit(invalid === 0 ? 0 : 1);
