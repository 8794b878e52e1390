const manifest = (() => {
function __memo(fn) {
	let value;
	return () => value ??= (value = fn());
}

return {
	appDir: "_app",
	appPath: "_app",
	assets: new Set([]),
	mimeTypes: {},
	_: {
		client: {start:"_app/immutable/entry/start.Clns8MTd.js",app:"_app/immutable/entry/app.BT7_F7Fk.js",imports:["_app/immutable/entry/start.Clns8MTd.js","_app/immutable/chunks/CvGGkd6e.js","_app/immutable/chunks/lHrk4FZW.js","_app/immutable/entry/app.BT7_F7Fk.js","_app/immutable/chunks/lHrk4FZW.js","_app/immutable/chunks/CvZxkZDb.js"],stylesheets:[],fonts:[],uses_env_dynamic_public:true},
		nodes: [
			__memo(() => import('./nodes/0.js-B6734hdG.js')),
			__memo(() => import('./nodes/1.js-BlU8Pxai.js')),
			__memo(() => import('./nodes/2.js-Vogheohh.js'))
		],
		remotes: {
			
		},
		routes: [
			{
				id: "/",
				pattern: /^\/$/,
				params: [],
				page: { layouts: [0,], errors: [1,], leaf: 2 },
				endpoint: null
			}
		],
		prerendered_routes: new Set(["/about"]),
		matchers: async () => {
			
			return {  };
		},
		server_assets: {}
	}
}
})();

export { manifest as m };
//# sourceMappingURL=manifest.js-COG6sWex.js.map
