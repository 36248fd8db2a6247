;; Benchmark guest: trivial exports, so the host's overhead is what gets measured.
(module
  (func (export "add") (param i32 i32) (result i32)
    local.get 0 local.get 1 i32.add)
  (func (export "noop"))
)
