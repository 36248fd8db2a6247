;; Test guest: like recv, counts the messages it handles and hands the count to its next instance
;; through _save_state/_restore_state, but takes its time over each (a loop of 10,000 steps), so
;; that a faster sender keeps its mailbox full; count answers it.
(module
  (memory (export "memory") 1)
  (global $count (mut i64) (i64.const 0))
  (func (export "alloc") (param $len i32) (result i32) (i32.const 1024))
  (func (export "handle-message") (param i32 i32 i32 i32) (result i32)
    (local $i i32)
    (loop $spin
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $spin (i32.lt_u (local.get $i) (i32.const 10000))))
    (global.set $count (i64.add (global.get $count) (i64.const 1)))
    (i32.const 0))
  (func (export "count") (result i64) (global.get $count))
  (func (export "_save_state") (result i64)
    (i64.store (i32.const 16) (global.get $count))
    (i64.or (i64.shl (i64.const 16) (i64.const 32)) (i64.const 8)))
  (func (export "_restore_state") (param $ptr i32) (param $len i32) (result i32)
    (global.set $count (i64.load (local.get $ptr)))
    (i32.const 0))
)
