"""Built frontend bundles: minified code, source maps, client exposure."""
