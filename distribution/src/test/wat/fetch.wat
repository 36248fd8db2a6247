;; Test guest of the http capability: a message's payload is a JSON string, a URL; handling it
;; GETs the URL and answers 0, or the negated result code of the request (-36 when the container
;; allows no more waiting capability calls). answer shows the component serves Invokes meanwhile.
(module
  (import "wharf:http" "request" (func $request (param i32 i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 100) "GET")
  (global $next (mut i32) (i32.const 4096))
  (func (export "alloc") (param $len i32) (result i32)
    (local $p i32)
    (if (i32.gt_u (local.get $len) (i32.const 30000)) (then (return (i32.const 0))))
    (if (i32.gt_u (i32.add (global.get $next) (local.get $len)) (i32.const 65536))
      (then (global.set $next (i32.const 4096))))
    (local.set $p (global.get $next))
    (global.set $next (i32.add (global.get $next) (local.get $len)))
    (local.get $p))
  (func (export "dealloc") (param i32 i32))
  ;; payload: 2 bytes of prefix, a quote, the URL, a quote
  (func (export "handle-message") (param i32 i32 i32 i32) (result i32)
    (local $status i32)
    (local.set $status (call $request
      (i32.const 100) (i32.const 3)
      (i32.add (local.get 2) (i32.const 3)) (i32.sub (local.get 3) (i32.const 4))
      (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0)
      (i32.const 200)))
    (if (i32.lt_s (local.get $status) (i32.const 0))
      (then (return (i32.sub (i32.const 0) (local.get $status)))))
    (i32.const 0))
  (func (export "answer") (result i32) (i32.const 42))
)
