
//# sourceMappingURL=env.js-84f1Rl-w.js.map
