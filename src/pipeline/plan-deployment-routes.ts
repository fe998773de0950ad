/**
 * How each candidate deployment would serve this request, decided once per candidate from what its provider says
 * (native formats, whether it converts, the settings it honours and the values it refuses): as it is (the fast
 * path), converted through the canonical request, or not at all. No silent drops: a converted path that would have
 * to drop a requested setting, or could not hold its value, is no candidate, and when every deployment inside the
 * boundary is such a path the caller gets a 400 naming the settings in its wire's words.
 */
import type { Deployment } from '../catalog/catalog-types.js';
import { findDroppedSettings, namespaceOf } from '../capabilities/drop-allowed-settings.js';
import { findUnhonouredSettings } from '../capabilities/find-unhonoured-settings.js';
import { listRequestedSettings } from '../capabilities/list-requested-settings.js';
import { memoize } from '../capabilities/memoize.js';
import { GeorouteError } from '../errors/error-catalog.js';
import type { InferenceSettingName } from '../inference/inference-settings.js';
import type { InferenceCall } from './inference-call.js';
import type { PipelineServices } from './pipeline-services.js';

/** `dropped`: settings the provider does not honour that the operator allows to be dropped (they go out without). */
export type DeploymentRoute = { kind: 'native' } | { kind: 'converted'; unhonoured: readonly InferenceSettingName[]; dropped: readonly InferenceSettingName[] };

export class DeploymentRoutes {
  private readonly routes = new Map<string, DeploymentRoute | null>();
  private readonly requested: () => readonly InferenceSettingName[];

  constructor(
    private readonly services: Pick<PipelineServices, 'catalog' | 'providerFor'>,
    private readonly call: Pick<InferenceCall, 'wire' | 'profile' | 'surface' | 'canonical' | 'wireOptions'>,
  ) {
    const canonical = call.canonical;
    this.requested = memoize(() => (canonical === undefined ? [] : listRequestedSettings(canonical().request)));
  }

  routeOf(deployment: Deployment): DeploymentRoute | undefined {
    let route = this.routes.get(deployment.id);
    if (route === undefined) {
      route = this.decide(deployment) ?? null;
      this.routes.set(deployment.id, route);
    }
    return route ?? undefined;
  }

  private decide(deployment: Deployment): DeploymentRoute | undefined {
    const provider = this.services.providerFor(deployment.id);
    const format = this.call.wire.format;
    const model = this.services.catalog.models.get(this.call.profile.modelId);
    const native = provider.native;
    const takesOptions = this.call.wireOptions === undefined || (native?.takesWireOptions?.(format) ?? false);
    if (native !== undefined && native.formats.includes(format) && (native.accepts?.(format, model) ?? true) && takesOptions) return { kind: 'native' };
    if (this.call.surface === undefined || this.call.canonical === undefined || provider.nativeOnly === true) return undefined;
    const droppable = model?.droppableSettings ?? new Set<string>();
    const requested = this.requested();
    const unhonoured = findUnhonouredSettings(requested, { native: false, capabilities: provider.capabilities }, droppable);
    const dropped = findDroppedSettings(requested, provider.capabilities, droppable);
    const refused = provider.capabilities.refuses?.(this.call.canonical().request) ?? [];
    if (refused.length === 0) return { kind: 'converted', unhonoured, dropped };
    // A value the deployment refuses is dropped like an unhonoured setting when the operator lets the model drop it
    // (`droppableSettings: [reasoningContent]` takes unsigned reasoning out for Claude), else it makes no candidate.
    const mayDrop = (name: InferenceSettingName) => droppable.has(name) || droppable.has(namespaceOf(name));
    return {
      kind: 'converted',
      unhonoured: [...new Set([...unhonoured, ...refused.filter((name) => !mayDrop(name))])],
      dropped: [...new Set([...dropped, ...refused.filter(mayDrop)])],
    };
  }

  /** Can this deployment serve the request without dropping anything? */
  accepts(deployment: Deployment): boolean {
    const route = this.routeOf(deployment);
    return route !== undefined && (route.kind === 'native' || route.unhonoured.length === 0);
  }

  /** Throws the 400 when every deployment inside the boundary that could serve the request would drop a setting. */
  assertSomeDeploymentHonours(boundary: readonly string[] | undefined): void {
    if (boundary === undefined) return;
    const routes = (this.services.catalog.deploymentsByModel.get(this.call.profile.modelId) ?? [])
      .filter((d) => boundary.includes(d.regionId))
      .map((d) => this.routeOf(d))
      .filter((route) => route !== undefined);
    if (routes.length === 0 || routes.some((route) => route.kind === 'native' || route.unhonoured.length === 0)) return;
    const settingName = (name: InferenceSettingName) => this.call.surface?.settingName(name) ?? name;
    const names = [...new Set(routes.flatMap((route) => (route.kind === 'converted' ? route.unhonoured : [])))].map(settingName);
    throw new GeorouteError(
      'invalid_request',
      `No deployment of ${this.call.profile.id} that this request may use can honour ${names.join(', ')}; remove ${names.length === 1 ? 'it' : 'them'}, or choose another model.`,
      { param: names[0] },
    );
  }
}
