import { u as useHead, a as useRuntimeConfig } from '../virtual/entry.mjs';
import { defineComponent, ref, unref, useSSRContext } from 'vue';
import { ssrRenderAttrs, ssrRenderComponent, ssrInterpolate } from 'vue/server-renderer';
import 'nostics';
import 'nostics/formatters/ansi';
import '../nitro/nitro.mjs';
import 'unhead/server';
import 'unhead/legacy';
import 'unhead/plugins';
import 'node:http';
import 'node:https';
import 'node:events';
import 'node:buffer';
import 'node:fs';
import 'node:path';
import 'node:crypto';
import 'node:url';
import '../routes/renderer.mjs';
import 'vue-bundle-renderer/runtime';
import 'devalue';
import 'vue-router';
import 'unhead/utils';

var InternalPanel_vue_vue_type_script_setup_true_lang_default = /* @__PURE__ */ defineComponent({
  __name: "InternalPanel",
  __ssrInlineRender: true,
  setup(__props) {
    const internalApiSecret = useRuntimeConfig().public.internalApiSecret;
    const stats = ref(null);
    return (_ctx, _push, _parent, _attrs) => {
      _push(`<section${ssrRenderAttrs(_attrs)}><h2>Internal</h2><p> API secret: <code>${ssrInterpolate(unref(internalApiSecret))}</code></p><button>Load stats</button>`);
      if (unref(stats)) _push(`<pre>${ssrInterpolate(unref(stats))}</pre>`);
      else _push(`<!---->`);
      _push(`</section>`);
    };
  }
});
var _sfc_setup$1 = InternalPanel_vue_vue_type_script_setup_true_lang_default.setup;
InternalPanel_vue_vue_type_script_setup_true_lang_default.setup = (props, ctx) => {
  const ssrContext = useSSRContext();
  (ssrContext.modules || (ssrContext.modules = /* @__PURE__ */ new Set())).add("components/InternalPanel.vue");
  return _sfc_setup$1 ? _sfc_setup$1(props, ctx) : void 0;
};
var InternalPanel_default = Object.assign(InternalPanel_vue_vue_type_script_setup_true_lang_default, { __name: "InternalPanel" });
var index_vue_vue_type_script_setup_true_lang_default = /* @__PURE__ */ defineComponent({
  __name: "index",
  __ssrInlineRender: true,
  setup(__props) {
    useHead({ title: "Fixture Shop" });
    return (_ctx, _push, _parent, _attrs) => {
      const _component_InternalPanel = InternalPanel_default;
      _push(`<main${ssrRenderAttrs(_attrs)}><h1>Fixture Shop</h1><p>Orders ship within two days.</p>`);
      _push(ssrRenderComponent(_component_InternalPanel, null, null, _parent));
      _push(`</main>`);
    };
  }
});
var _sfc_setup = index_vue_vue_type_script_setup_true_lang_default.setup;
index_vue_vue_type_script_setup_true_lang_default.setup = (props, ctx) => {
  const ssrContext = useSSRContext();
  (ssrContext.modules || (ssrContext.modules = /* @__PURE__ */ new Set())).add("pages/index.vue");
  return _sfc_setup ? _sfc_setup(props, ctx) : void 0;
};
var pages_default = index_vue_vue_type_script_setup_true_lang_default;

export { pages_default as default };
//# sourceMappingURL=pages-CCg0vyrE.mjs.map
