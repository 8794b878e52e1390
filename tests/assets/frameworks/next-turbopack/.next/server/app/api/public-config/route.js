var R=require("../../../chunks/[turbopack]_runtime.js")("server/app/api/public-config/route.js")
R.c("server/chunks/[externals]__0dm6lb7f93m_v._.js")
R.c("server/chunks/[root-of-the-server]__0_1r9dcz6349w._.js")
R.c("server/chunks/_1-tv2z0lud95j._.js")
R.c("server/chunks/_next-internal_server_app_api_public-config_route_actions_mjs_1c0fp0s0-99r_._.js")
R.m(42494)
module.exports=R.m(42494).exports
