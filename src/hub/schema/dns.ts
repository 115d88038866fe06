// Name checks with apimachinery's util/validation message texts, which CRD validation joins into
// its field errors. One implementation serves the hub: validation/k8s-strings.
export { isDNS1035Label as isDns1035Label, isDNS1123Subdomain as isDns1123Subdomain } from '../validation/k8s-strings.js';
