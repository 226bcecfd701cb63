import { ConfigError } from '../errors.js';

/** A registered plugin: something with a `kind` that can be found again by that name. */
export interface Registered {
  readonly kind: string;
}

/**
 * Plugins are registered objects, found by `kind`. A saved model names its plugins' kinds in its
 * config; loading looks them up here. An unknown kind is a ConfigError listing the known ones.
 */
export class Registry<P extends Registered> {
  private readonly items = new Map<string, P>();
  constructor(readonly what: string) {}

  register(plugin: P, options: { replace?: boolean } = {}): P {
    if (!plugin.kind || typeof plugin.kind !== 'string') {
      throw new ConfigError(`A ${this.what} plugin needs a non-empty string kind`);
    }
    const existing = this.items.get(plugin.kind);
    if (existing && existing !== plugin && !options.replace) {
      throw new ConfigError(
        `A ${this.what} of kind "${plugin.kind}" is already registered`,
        'choose another kind, or pass { replace: true } to override it on purpose',
      );
    }
    this.items.set(plugin.kind, plugin);
    return plugin;
  }

  get(kind: string): P {
    const found = this.items.get(kind);
    if (!found) {
      throw new ConfigError(
        `Unknown ${this.what} kind "${kind}"`,
        `registered ${this.what} kinds: ${this.kinds().join(', ') || '(none)'}; import the package that provides "${kind}" first`,
      );
    }
    return found;
  }

  has(kind: string): boolean {
    return this.items.has(kind);
  }

  kinds(): string[] {
    return [...this.items.keys()].sort();
  }

  all(): P[] {
    return this.kinds().map((k) => this.items.get(k) as P);
  }
}
