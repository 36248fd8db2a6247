;; Test guest: imports a 'wharf' function that does not exist.
(module
  (import "wharf" "spawn" (func (param i32) (result i32)))
  (func (export "ok") (result i32) i32.const 1)
)
