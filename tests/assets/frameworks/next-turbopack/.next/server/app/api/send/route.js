var R=require("../../../chunks/[turbopack]_runtime.js")("server/app/api/send/route.js")
R.c("server/chunks/[externals]__0dm6lb7f93m_v._.js")
R.c("server/chunks/[root-of-the-server]__0_1r9dcz6349w._.js")
R.c("server/chunks/_1nepi3ovrt9-l._.js")
R.c("server/chunks/_next-internal_server_app_api_send_route_actions_mjs_1uckzz184gjjl._.js")
R.m(86881)
module.exports=R.m(86881).exports
