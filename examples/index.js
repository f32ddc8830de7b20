// Entry point for `pulumi up` at the repository root with the official CLI: runs the
// compiled example program (the README's commands build it; or run `npm run build`).
module.exports = require("../dist/examples/stack").default();
