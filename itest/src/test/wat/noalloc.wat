;; Test guest: has handle-message, but alloc always fails.
(module
  (memory (export "memory") 1)
  (global $count (mut i32) (i32.const 0))
  (func (export "alloc") (param i32) (result i32) i32.const 0)
  (func (export "handle-message") (param i32 i32 i32 i32) (result i32)
    (global.set $count (i32.add (global.get $count) (i32.const 1)))
    i32.const 0)
  (func (export "count") (result i32) global.get $count)
)
