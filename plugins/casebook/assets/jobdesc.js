// Placeholder: implemented in its own issue.
export function init(_root) {}
