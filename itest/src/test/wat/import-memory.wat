;; Test guest: imports a memory, which the host never provides.
(module
  (import "wharf" "memory" (memory 1))
  (func (export "ok") (result i32) i32.const 1)
)
