;; Test guest: uses wharf.log, including with a buffer outside memory, and floods it.
(module
  (import "wharf" "log" (func $log (param i32 i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "hello log")
  (func (export "hello") (result i32)
    (call $log (i32.const 2) (i32.const 0) (i32.const 9))
    (call $log (i32.const 2) (i32.const 65530) (i32.const 100))
    i32.const 0)
  ;; writes "hello log" n times
  (func (export "flood") (param $n i32) (result i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (call $log (i32.const 2) (i32.const 0) (i32.const 9))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $n))
)
