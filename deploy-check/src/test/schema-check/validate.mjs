// Validates Kubernetes objects against their JSON schemas (npm kubernetes-models and operator models).
// Usage: node validate.mjs <file.json>...   Each file holds a JSON array of objects (one rendered overlay).
// Exit 0 when every object validates; 1 when any is invalid or has an apiVersion/kind with no known schema.
import { readFileSync } from 'node:fs';

// Custom resources whose operators publish no schema package: their shape is checked by the Java policy test.
const WITHOUT_SCHEMA = new Set(['mongodbcommunity.mongodb.com/v1/MongoDBCommunity']);

const CRD_PACKAGES = {
  'keda.sh': '@kubernetes-models/keda',
  'monitoring.coreos.com': '@kubernetes-models/prometheus-operator',
  'kafka.strimzi.io': '@kubernetes-models/strimzi-kafka-operator',
};

function modulePath(apiVersion) {
  if (!apiVersion.includes('/')) {
    return `kubernetes-models/${apiVersion}`; // core group, e.g. "v1"
  }
  const group = apiVersion.split('/')[0];
  const crdPackage = CRD_PACKAGES[group];
  return crdPackage ? `${crdPackage}/${apiVersion}` : `kubernetes-models/${apiVersion}`;
}

let errors = 0;
let validated = 0;
const unchecked = [];
for (const file of process.argv.slice(2)) {
  const objects = JSON.parse(readFileSync(file, 'utf8'));
  for (const object of objects) {
    const id = `${file}: ${object.kind}/${object.metadata?.name}`;
    if (WITHOUT_SCHEMA.has(`${object.apiVersion}/${object.kind}`)) {
      unchecked.push(id);
      continue;
    }
    let model;
    try {
      model = (await import(modulePath(object.apiVersion)))[object.kind];
    } catch (e) {
      model = undefined;
    }
    if (typeof model !== 'function') {
      console.error(`INVALID ${id}: no schema for apiVersion ${object.apiVersion} kind ${object.kind}`);
      errors++;
      continue;
    }
    try {
      new model(object).validate();
      validated++;
    } catch (e) {
      console.error(`INVALID ${id}: ${e.message}`);
      errors++;
    }
  }
}
for (const id of unchecked) {
  console.log(`no schema package (checked by the policy test): ${id}`);
}
console.log(`${validated} objects valid, ${errors} invalid, ${unchecked.length} without a schema package`);
process.exit(errors === 0 ? 0 : 1);
