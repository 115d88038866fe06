// Bare-metal and assisted-installer kinds (metal3.io, agent-install.openshift.io). The
// managed-clusters backup names two metal3 kinds outright and adds every agent-install kind it
// discovers, so a hub with these APIs backs them up as activation data.

import { resourceOf, type CrdDefinition } from '../crd/render.js';
import { defineOcmKind } from './ocm-kind.js';
import * as S from '../crd/schema.js';

function freeformKind(group: string, version: string, kind: string, plural: string, scope: CrdDefinition['scope'], shortNames?: string[]): CrdDefinition {
  return defineOcmKind({
    group,
    kind,
    plural,
    scope,
    shortNames,
    versions: [{ name: version, storage: true, statusSubresource: true, properties: S.freeformSpecAndStatus() }],
  });
}

export const BMC_EVENT_SUBSCRIPTION_CRD = freeformKind('metal3.io', 'v1alpha1', 'BMCEventSubscription', 'bmceventsubscriptions', 'Namespaced');
export const HOST_FIRMWARE_SETTINGS_CRD = freeformKind('metal3.io', 'v1alpha1', 'HostFirmwareSettings', 'hostfirmwaresettings', 'Namespaced', ['hfs']);

const AGENT_INSTALL = 'agent-install.openshift.io';
export const AGENT_CRD = freeformKind(AGENT_INSTALL, 'v1beta1', 'Agent', 'agents', 'Namespaced');
export const INFRA_ENV_CRD = freeformKind(AGENT_INSTALL, 'v1beta1', 'InfraEnv', 'infraenvs', 'Namespaced');
export const NMSTATE_CONFIG_CRD = freeformKind(AGENT_INSTALL, 'v1beta1', 'NMStateConfig', 'nmstateconfigs', 'Namespaced');
export const AGENT_CLASSIFICATION_CRD = freeformKind(AGENT_INSTALL, 'v1beta1', 'AgentClassification', 'agentclassifications', 'Namespaced');
export const AGENT_SERVICE_CONFIG_CRD = freeformKind(AGENT_INSTALL, 'v1beta1', 'AgentServiceConfig', 'agentserviceconfigs', 'Cluster');

export const BMC_EVENT_SUBSCRIPTIONS = resourceOf(BMC_EVENT_SUBSCRIPTION_CRD);
export const HOST_FIRMWARE_SETTINGS = resourceOf(HOST_FIRMWARE_SETTINGS_CRD);
export const AGENTS = resourceOf(AGENT_CRD);
export const INFRA_ENVS = resourceOf(INFRA_ENV_CRD);
export const NMSTATE_CONFIGS = resourceOf(NMSTATE_CONFIG_CRD);
export const AGENT_CLASSIFICATIONS = resourceOf(AGENT_CLASSIFICATION_CRD);
export const AGENT_SERVICE_CONFIGS = resourceOf(AGENT_SERVICE_CONFIG_CRD);

export const INFRASTRUCTURE_KINDS = [
  BMC_EVENT_SUBSCRIPTION_CRD,
  HOST_FIRMWARE_SETTINGS_CRD,
  AGENT_CRD,
  INFRA_ENV_CRD,
  NMSTATE_CONFIG_CRD,
  AGENT_CLASSIFICATION_CRD,
  AGENT_SERVICE_CONFIG_CRD,
];
