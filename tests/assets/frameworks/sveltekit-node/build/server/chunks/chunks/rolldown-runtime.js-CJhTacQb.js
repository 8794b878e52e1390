// \0rolldown/runtime.js
var __defProp = Object.defineProperty;
var __exportAll = (all, flags) => {
	let target = Object.setPrototypeOf({}, null);
	for (var name in all) __defProp(target, name, {
		get: all[name],
		enumerable: true
	});
	__defProp(target, Symbol.toStringTag, { value: "Module" });
	return Object.preventExtensions(target);
};

export { __exportAll as _ };
//# sourceMappingURL=rolldown-runtime.js-CJhTacQb.js.map
