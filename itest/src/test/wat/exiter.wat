;; Test guest that ends itself with WASI proc_exit: 0 is a normal end, anything else a failure.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (global $state (mut i32) (i32.const 0))
  (func (export "exit") (param i32) (call $proc_exit (local.get 0)))
  (func (export "inc") (result i32)
    (global.set $state (i32.add (global.get $state) (i32.const 1)))
    (global.get $state))
)
