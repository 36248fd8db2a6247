;; Lattice test guest: answers every ask with the name of the node it runs on, which it reads
;; from its configuration (config.node of deploy/dev.wharf.component-worker.cfg), as a JSON
;; string; a tell is counted, and the count is the answer of `wasm:invoke worker tells`.
(module
  (import "wharf" "reply" (func $reply (param i32 i32) (result i32)))
  (import "wharf:config" "get" (func $get (param i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 100) "node")
  (global $next (mut i32) (i32.const 8192))
  (global $tells (mut i32) (i32.const 0))
  (func (export "alloc") (param $len i32) (result i32)
    (local $p i32)
    (if (i32.gt_u (local.get $len) (i32.const 16384)) (then (return (i32.const 0))))
    (if (i32.gt_u (i32.add (global.get $next) (local.get $len)) (i32.const 60000))
      (then (global.set $next (i32.const 8192))))
    (local.set $p (global.get $next))
    (global.set $next (i32.add (global.get $next) (local.get $len)))
    (local.get $p))
  (func (export "dealloc") (param i32 i32))
  (func (export "tells") (result i32) (global.get $tells))
  (func (export "handle-message") (param i32 i32 i32 i32) (result i32)
    (local $rc i32) (local $len i32)
    (local.set $rc (call $get (i32.const 100) (i32.const 4) (i32.const 200)))
    (if (i32.ne (local.get $rc) (i32.const 0)) (then (return (i32.sub (i32.const 0) (local.get $rc)))))
    (local.set $len (i32.load (i32.const 204)))
    ;; JSON prefix 0x0200 as a varint, then the value, which the configuration holds as JSON text
    (i32.store8 (i32.const 1000) (i32.const 0x80))
    (i32.store8 (i32.const 1001) (i32.const 0x04))
    (memory.copy (i32.const 1002) (i32.load (i32.const 200)) (local.get $len))
    ;; nothing to reply to (8): it was a tell
    (if (i32.eq (call $reply (i32.const 1000) (i32.add (local.get $len) (i32.const 2))) (i32.const -8))
      (then (global.set $tells (i32.add (global.get $tells) (i32.const 1)))))
    (i32.const 0))
)
