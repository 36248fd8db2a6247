;; Test guest: unbounded recursion, which must end as a trap, never a JVM crash.
(module
  (func $down (export "down") (param i32) (result i32)
    local.get 0 i32.const 1 i32.add
    call $down)
  (func (export "ok") (result i32)
    i32.const 1)
)
