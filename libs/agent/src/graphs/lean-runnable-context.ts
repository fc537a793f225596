import { RunnableConfig } from '@langchain/core/runnables';
import { AsyncLocalStorageProviderSingleton } from '@langchain/core/singletons';
import { tracingConfigured } from './model-stream';

/** The keys LangChain's context uses (@langchain/core singletons: LC_CHILD_KEY, _CONTEXT_VARIABLES_KEY). */
const CHILD_CONFIG = Symbol.for('lc:child_config');
const CONTEXT_VARIABLES = Symbol.for('lc:context_variables');
const INSTALLED = Symbol.for('forkline:lean-runnable-context');

type RunWithConfig = (config: RunnableConfig | undefined, callback: () => unknown, avoidCreatingRootRunTree?: boolean) => unknown;
type Provider = {
  runWithConfig: RunWithConfig;
  getInstance(): { getStore(): unknown; run(store: unknown, callback: () => unknown): unknown };
};

const hasTracer = (config: RunnableConfig | undefined): boolean => {
  const callbacks = config?.callbacks as unknown;
  const handlers = Array.isArray(callbacks) ? callbacks : ((callbacks as { handlers?: unknown[] } | undefined)?.handlers ?? []);
  return handlers.some((h) => (h as { name?: string } | undefined)?.name === 'langchain_tracer');
};

/**
 * Every runnable LangGraph invokes (each node, each channel write, each edge) enters LangChain's async context through
 * runWithConfig, which builds a callback manager to look for a tracer and, finding none, a LangSmith RunTree
 * (a uuid7, timestamps, environment lookups) only to carry the config to nested calls: about a tenth of a turn's CPU
 * with the offline model. Without a tracer this carries the config in a plain object, which is all that reads it
 * (getConfig, interrupt, nested runnables, context variables); with one (environment or callbacks) nothing changes.
 */
export function installLeanRunnableContext(): void {
  const provider = AsyncLocalStorageProviderSingleton as unknown as Provider & { [INSTALLED]?: boolean };
  if (provider[INSTALLED]) return;
  provider[INSTALLED] = true;
  const original = provider.runWithConfig.bind(provider);
  provider.runWithConfig = (config, callback, avoidCreatingRootRunTree) => {
    if (tracingConfigured() || hasTracer(config)) return original(config, callback, avoidCreatingRootRunTree);
    const storage = provider.getInstance();
    const previous = storage.getStore() as Record<symbol, unknown> | undefined;
    const variables = previous?.[CONTEXT_VARIABLES];
    // Asked not to create a root run tree (LangGraph's stream), the original, finding no tracer, carries no config:
    // only the context variables, if any.
    if (avoidCreatingRootRunTree) return storage.run(variables === undefined ? undefined : { [CONTEXT_VARIABLES]: variables }, callback);
    const store: Record<string | symbol, unknown> = { extra: { [CHILD_CONFIG]: config } };
    if (variables !== undefined) store[CONTEXT_VARIABLES] = variables;
    return storage.run(store, callback);
  };
}
