globalThis.__BUILD_MANIFEST = {
  "pages": {
    "/_app": []
  },
  "devFiles": [],
  "polyfillFiles": [
    "static/chunks/0cz1d0mv5g_q7.js"
  ],
  "lowPriorityFiles": [
    "static/mvSHODihAZWJ_C-iA2f9x/_buildManifest.js",
    "static/mvSHODihAZWJ_C-iA2f9x/_ssgManifest.js",
    "static/mvSHODihAZWJ_C-iA2f9x/_clientMiddlewareManifest.js"
  ],
  "rootMainFiles": [
    "static/chunks/1bmc31qcyypuc.js",
    "static/chunks/0-anpfcst4f44.js",
    "static/chunks/119wvr0a97dd_.js",
    "static/chunks/turbopack-3rh6aw8qaij42.js"
  ],
  "rootMainFilesTree": {},
  "pagesChunkGroupBootstrapParams": {
    "/page": {
      "otherChunks": [
        "static/chunks/1bmc31qcyypuc.js",
        "static/chunks/0-anpfcst4f44.js",
        "static/chunks/119wvr0a97dd_.js"
      ],
      "runtimeModuleIds": [
        94553
      ]
    },
    "/_not-found/page": {
      "otherChunks": [
        "static/chunks/1bmc31qcyypuc.js",
        "static/chunks/0-anpfcst4f44.js",
        "static/chunks/119wvr0a97dd_.js"
      ],
      "runtimeModuleIds": [
        94553
      ]
    },
    "/_global-error/page": {
      "otherChunks": [
        "static/chunks/1bmc31qcyypuc.js",
        "static/chunks/0-anpfcst4f44.js",
        "static/chunks/119wvr0a97dd_.js"
      ],
      "runtimeModuleIds": [
        94553
      ]
    }
  },
  "chunkLoadingGlobal": "TURBOPACK"
};
