;; Test guest: uses wharf.log, including with a buffer outside memory.
(module
  (import "wharf" "log" (func $log (param i32 i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "hello log")
  (func (export "hello") (result i32)
    (call $log (i32.const 2) (i32.const 0) (i32.const 9))
    (call $log (i32.const 2) (i32.const 65530) (i32.const 100))
    i32.const 0)
)
