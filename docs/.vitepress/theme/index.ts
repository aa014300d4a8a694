import type { Theme } from 'vitepress';
import DefaultTheme from 'vitepress/theme';
import BenchChart from './BenchChart.vue';
import Playground from './Playground.vue';

export default {
  extends: DefaultTheme,
  enhanceApp({ app }) {
    app.component('Playground', Playground);
    app.component('BenchChart', BenchChart);
  },
} satisfies Theme;
