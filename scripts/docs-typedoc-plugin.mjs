// typedoc plugin for the docs site: names each entry point after the package specifier users
// import (`@mailtls/core/bytes`, not `core/src/bytes`), since the packages' `@module` tags are
// unnamed.
import { Converter, ReflectionKind } from 'typedoc';

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const mod of context.project.getReflectionsByKind(ReflectionKind.Module)) {
      const m = /^(?:packages\/)?([a-z-]+)\/src(?:\/([a-z-]+))?$/.exec(mod.name);
      if (m === null) continue;
      mod.name = `@mailtls/${m[1]}${m[2] !== undefined && m[2] !== 'index' ? `/${m[2]}` : ''}`;
    }
  });
}
