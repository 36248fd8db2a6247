;; Test guest: a WASI reactor that prints a line from _initialize; stdout goes to the log.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  ;; iovec at 0: buf = 16, len = 16; text at 16
  (data (i32.const 0) "\10\00\00\00\10\00\00\00")
  (data (i32.const 16) "hello from wasi\n")
  (global $said (mut i32) (i32.const -1))
  (func (export "_initialize")
    (global.set $said (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
  ;; fd_write's errno (0 = success)
  (func (export "said") (result i32) global.get $said)
)
