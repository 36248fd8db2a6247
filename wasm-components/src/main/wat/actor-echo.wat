;; Core module of the component "actor-echo" (WIT: guest/wit/wharf/actor.wit, world actor): the
;; smallest actor component, for ActorBenchmark and the actor tests. It answers an ask with its
;; payload through wharf:actor/messaging#reply and handles a sent message by doing nothing; like
;; echo-bench it does the same work as the core-ABI echo it is measured beside (a bump allocator,
;; the heap reset after the call).
;; Canonical ABI options: memory, realloc=cabi_realloc, string-encoding=utf8,
;; post-return=cabi_post_wharf:actor/handler@1.0.0#handle-message.
(module
  ;; reply: func(payload: list<u8>) -> result<_, error>; its result (20 bytes: result, error
  ;; variant, payload) through memory at the third parameter
  (import "wharf:actor/messaging@1.0.0" "reply" (func $reply (param i32 i32 i32)))
  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 1024))

  ;; cabi_realloc: a fresh block from the top, aligned; past the memory it traps
  (func (export "cabi_realloc")
      (param $old i32) (param $old_size i32) (param $align i32) (param $new_size i32) (result i32)
    (local $p i32)
    (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
                           (i32.sub (i32.const 0) (local.get $align))))
    (if (i64.gt_u (i64.add (i64.extend_i32_u (local.get $p)) (i64.extend_i32_u (local.get $new_size)))
                  (i64.shl (i64.extend_i32_u (memory.size)) (i64.const 16)))
      (then unreachable))
    (global.set $heap (i32.add (local.get $p) (local.get $new_size)))
    (local.get $p))

  ;; handle-message: func(message: message) -> result<_, string>; the record flattened (sender
  ;; string, payload list, request bool), the result (12 bytes) in the return area at 8: ok
  (func (export "wharf:actor/handler@1.0.0#handle-message")
      (param $sender i32) (param $sender_len i32) (param $payload i32) (param $payload_len i32)
      (param $request i32) (result i32)
    (if (local.get $request)
      (then (call $reply (local.get $payload) (local.get $payload_len) (i32.const 32))))
    (i32.store8 (i32.const 8) (i32.const 0))
    (i32.const 8))

  ;; post-return: the call is over, its blocks are free
  (func (export "cabi_post_wharf:actor/handler@1.0.0#handle-message") (param $ret i32)
    (global.set $heap (i32.const 1024)))
)
