;; Test guest: recv.wat, but a version that refuses the state of the one it would replace
;; (_restore_state answers 1): its update is refused and the running version goes on.
(module
  (memory (export "memory") 1)
  (global $count (mut i64) (i64.const 0))
  (func (export "alloc") (param $len i32) (result i32) (i32.const 1024))
  (func (export "handle-message") (param i32 i32 i32 i32) (result i32)
    (global.set $count (i64.add (global.get $count) (i64.const 1)))
    (i32.const 0))
  (func (export "count") (result i64) (global.get $count))
  (func (export "_save_state") (result i64)
    (i64.store (i32.const 16) (global.get $count))
    (i64.or (i64.shl (i64.const 16) (i64.const 32)) (i64.const 8)))
  (func (export "_restore_state") (param $ptr i32) (param $len i32) (result i32)
    (i32.const 1))
)
