// typedoc plugin: with one entry point per package, typedoc names modules by path ("nn/src");
// name them as users import them ("@tensorkit/nn", "tensorkit").
import { Converter, ReflectionKind } from "typedoc";

/** @param {import("typedoc").Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const module of context.project.getReflectionsByKind(ReflectionKind.Module)) {
      const match = /^([\w-]+)\/src$/.exec(module.name);
      if (match) module.name = match[1] === "tensorkit" ? "tensorkit" : `@tensorkit/${match[1]}`;
    }
  });
}
