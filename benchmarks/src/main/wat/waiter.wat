;; Benchmark guest: each message waits in one call of the capability "wait" (a provider that
;; blocks, as a slow server or database would) and then returns.
(module
  (import "wharf:wait" "wait" (func $wait (result i32)))
  (memory (export "memory") 1)
  (func (export "alloc") (param $len i32) (result i32) (i32.const 1024))
  (func (export "handle-message") (param i32 i32 i32 i32) (result i32)
    (drop (call $wait))
    (i32.const 0))
)
