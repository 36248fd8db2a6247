;; ping: start(n) sends n pings to pong; every pong that comes back is counted.
;;   g! wasm:invoke ping start 3   ->  3 (pings accepted)
;;   g! wasm:invoke ping pongs     ->  3
(module
  (import "wharf" "send" (func $send (param i32 i32 i32 i32) (result i32)))
  (import "wharf" "log" (func $log (param i32 i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "pong")
  (data (i32.const 8) "\80\04\"ping\"")          ;; JSON "ping"
  (data (i32.const 16) "pong refused a ping")
  (global $heap (mut i32) (i32.const 1024))
  (global $live (mut i32) (i32.const 0))
  (global $pongs (mut i32) (i32.const 0))

  (func (export "alloc") (param $len i32) (result i32)
    (local $p i32)
    (local.set $p (global.get $heap))
    (if (i32.gt_u (i32.add (local.get $p) (local.get $len)) (i32.shl (memory.size) (i32.const 16)))
      (then (return (i32.const 0))))
    (global.set $heap (i32.add (local.get $p) (local.get $len)))
    (global.set $live (i32.add (global.get $live) (i32.const 1)))
    (local.get $p))
  (func (export "dealloc") (param i32 i32)
    (global.set $live (i32.sub (global.get $live) (i32.const 1)))
    (if (i32.eqz (global.get $live)) (then (global.set $heap (i32.const 1024)))))

  ;; returns how many pings pong's mailbox accepted
  (func (export "start") (param $n i32) (result i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (if (i32.ne (call $send (i32.const 0) (i32.const 4) (i32.const 8) (i32.const 8)) (i32.const 0))
          (then (call $log (i32.const 3) (i32.const 16) (i32.const 19)) (br $done)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $i))

  (func (export "handle-message") (param i32 i32 i32 i32) (result i32)
    (global.set $pongs (i32.add (global.get $pongs) (i32.const 1)))
    (i32.const 0))

  (func (export "pongs") (result i32) (global.get $pongs))
)
