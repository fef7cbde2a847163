import type { Theme } from "vitepress";
import DefaultTheme from "vitepress/theme";
import DigitsDemo from "../../components/DigitsDemo.vue";
import PlaygroundDemo from "../../components/PlaygroundDemo.vue";
import WasmCheck from "../../components/WasmCheck.vue";

export default {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    app.component("PlaygroundDemo", PlaygroundDemo);
    app.component("DigitsDemo", DigitsDemo);
    app.component("WasmCheck", WasmCheck);
  },
} satisfies Theme;
