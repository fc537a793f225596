import { Reflector } from '@nestjs/core';

type Target = Parameters<Reflector['getAllAndOverride']>[1][number];

/**
 * A Reflector whose getAllAndOverride([handler, controller]) answers from a cache: route metadata is fixed once the
 * decorators have run, and the global guards asked Reflect for about 15 keys on every request (5 for the API key guard,
 * 10 for the throttler), each a walk of the handler's and the controller's metadata maps.
 */
export class RouteMetadataCache extends Reflector {
  private readonly byHandler = new WeakMap<Target, WeakMap<Target, Map<unknown, unknown>>>();

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Reflector's own default, which the guards rely on
  getAllAndOverride<T = any>(key: unknown, targets: Target[]): T {
    const [handler, controller] = targets;
    if (targets.length !== 2 || typeof handler !== 'function' || typeof controller !== 'function')
      return super.getAllAndOverride<T>(key, targets);
    let byController = this.byHandler.get(handler);
    if (!byController) this.byHandler.set(handler, (byController = new WeakMap()));
    let values = byController.get(controller);
    if (!values) byController.set(controller, (values = new Map()));
    if (values.has(key)) return values.get(key) as T;
    const value = super.getAllAndOverride<T>(key, targets);
    values.set(key, value);
    return value;
  }
}
