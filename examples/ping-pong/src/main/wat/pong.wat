;; pong: answers every message with "pong". An ask gets the answer as its reply; a message
;; from another component gets it sent back to its sender.
;;   g! wasm:ask pong '"ping"'    ->  "pong"
(module
  (import "wharf" "send" (func $send (param i32 i32 i32 i32) (result i32)))
  (import "wharf" "reply" (func $reply (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "\80\04\"pong\"")          ;; JSON "pong", 8 bytes with its prefix
  (global $heap (mut i32) (i32.const 1024))
  (global $live (mut i32) (i32.const 0))
  (global $pings (mut i32) (i32.const 0))

  ;; message buffers: a bump allocator that starts over when all are given back
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

  (func (export "handle-message") (param $sp i32) (param $sl i32) (param $mp i32) (param $ml i32) (result i32)
    (global.set $pings (i32.add (global.get $pings) (i32.const 1)))
    ;; a request: reply; otherwise send "pong" back to the sender
    (if (i32.eqz (call $reply (i32.const 0) (i32.const 8)))
      (then (return (i32.const 0))))
    (call $send (local.get $sp) (local.get $sl) (i32.const 0) (i32.const 8))
    ;; 0 = handled; a refused send is reported as the guest's error code (its negative result)
    (if (result i32) (i32.eqz) (then (i32.const 0)) (else (i32.const 1))))

  (func (export "pings") (result i32) (global.get $pings))
)
