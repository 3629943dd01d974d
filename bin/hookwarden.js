#!/usr/bin/env node
// Runs the compiled CLI (`npm run build` produces out/).
require("../out/src/cli.js");
