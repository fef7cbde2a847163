// Types for .vue single-file components imported from TypeScript (the theme), checked by vue-tsc.
declare module "*.vue" {
  import type { DefineComponent } from "vue";

  const component: DefineComponent;
  export default component;
}
