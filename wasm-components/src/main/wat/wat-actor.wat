;; Core module of the component "wat-actor" (WIT: guest/wit/wharf/actor.wit, world
;; stateful-actor): an actor component with hand-written canonical-ABI glue that counts, replies,
;; asks and sends, and hands its count over on an update. Its messages are JSON strings (codec
;; prefix 0x0200, then "..."), told by their first letter:
;;   "c"       counts one; an ask is answered with the count, a JSON number
;;   "g"       answers the count without counting
;;   "a<id>"   asks component <id> "e-back" (mailbox.wat echoes an "e...") and answers with its
;;             reply, or with {"refused":N}, N the case of wharf:actor's error (1 denied, ...)
;;   "s<id>"   sends "c" to component <id> and answers "sent" or {"refused":N}
;;   "f"       answers err("asked to fail")
;;   anything else counts one
;; health#check answers healthy; save-state gives 5 bytes (version 1, the count as a u32, little
;; endian), restore-state takes only that layout and answers err("unknown state layout") else.
;; Canonical ABI options: memory, realloc=cabi_realloc, string-encoding=utf8, post-return for
;; handle-message, save-state and restore-state.
(module
  ;; send: (to, payload) -> result<_, error>; ask: (to, payload, timeout-ms) -> result<list<u8>, error>;
  ;; reply: (payload) -> result<_, error>; each result through memory at the last parameter:
  ;; the result's case (u8) at +0, the error's case (u8) at +4, the ok list's pointer and length at +4 and +8
  (import "wharf:actor/messaging@1.0.0" "send" (func $send (param i32 i32 i32 i32 i32)))
  (import "wharf:actor/messaging@1.0.0" "reply" (func $reply (param i32 i32 i32)))
  (import "wharf:actor/messaging@1.0.0" "ask" (func $ask (param i32 i32 i32 i32 i32 i32)))
  (memory (export "memory") 1)
  ;; 64: texts of its errors; 112..: payloads it sends; 128..191: the reply it builds;
  ;; 192..211: the result area of its imports; 224..235: the result area of its exports;
  ;; 240..244: its state blob; 248..255: save-state's result; 1024..: the heap
  (data (i32.const 64) "asked to fail")
  (data (i32.const 80) "unknown state layout")
  (data (i32.const 112) "\80\04\22e-back\22")
  (data (i32.const 320) "\80\04{\22refused\22:")
  (data (i32.const 340) "\80\04\22sent\22")
  (data (i32.const 352) "\80\04\22c\22")
  (global $heap (mut i32) (i32.const 1024))
  (global $count (mut i32) (i32.const 0))

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

  ;; writes $n (unsigned) in decimal at $at; returns the end
  (func $digits (param $n i32) (param $at i32) (result i32)
    (local $len i32) (local $m i32) (local $i i32)
    (local.set $m (local.get $n))
    (loop $count
      (local.set $len (i32.add (local.get $len) (i32.const 1)))
      (local.set $m (i32.div_u (local.get $m) (i32.const 10)))
      (br_if $count (local.get $m)))
    (local.set $i (local.get $len))
    (loop $write
      (local.set $i (i32.sub (local.get $i) (i32.const 1)))
      (i32.store8 (i32.add (local.get $at) (local.get $i))
                  (i32.add (i32.const 48) (i32.rem_u (local.get $n) (i32.const 10))))
      (local.set $n (i32.div_u (local.get $n) (i32.const 10)))
      (br_if $write (local.get $i)))
    (i32.add (local.get $at) (local.get $len)))

  ;; answers the count, a JSON number
  (func $reply_count
    (local $end i32)
    (i32.store16 (i32.const 128) (i32.const 0x0480))
    (local.set $end (call $digits (global.get $count) (i32.const 130)))
    (call $reply (i32.const 128) (i32.sub (local.get $end) (i32.const 128)) (i32.const 192)))

  ;; answers {"refused":N}, N the error case the import answered at 196
  (func $reply_refused
    (local $end i32)
    (memory.copy (i32.const 128) (i32.const 320) (i32.const 13))
    (local.set $end (call $digits (i32.load8_u (i32.const 196)) (i32.const 141)))
    (i32.store8 (local.get $end) (i32.const 0x7d))
    (call $reply (i32.const 128) (i32.sub (i32.add (local.get $end) (i32.const 1)) (i32.const 128)) (i32.const 192)))

  ;; handle-message: the record flattened (sender, payload, request); result<_, string> at 224
  (func (export "wharf:actor/handler@1.0.0#handle-message")
      (param $sender i32) (param $sender_len i32) (param $payload i32) (param $len i32) (param $request i32)
      (result i32)
    (local $op i32) (local $ptr i32) (local $n i32)
    (i32.store8 (i32.const 224) (i32.const 0))
    (if (i32.and (i32.ge_u (local.get $len) (i32.const 4))
                 (i32.eq (i32.load8_u offset=2 (local.get $payload)) (i32.const 0x22)))
      (then (local.set $op (i32.load8_u offset=3 (local.get $payload)))))
    (if (i32.eq (local.get $op) (i32.const 0x66)) ;; f: an error of its own
      (then
        (i32.store8 (i32.const 224) (i32.const 1))
        (i32.store (i32.const 228) (i32.const 64))
        (i32.store (i32.const 232) (i32.const 13))
        (return (i32.const 224))))
    (if (i32.eq (local.get $op) (i32.const 0x67)) ;; g: the count
      (then
        (if (local.get $request) (then (call $reply_count)))
        (return (i32.const 224))))
    (if (i32.eq (local.get $op) (i32.const 0x61)) ;; a<id>: ask <id> and answer with its reply
      (then
        (call $ask (i32.add (local.get $payload) (i32.const 4)) (i32.sub (local.get $len) (i32.const 5))
                   (i32.const 112) (i32.const 10) (i32.const 2000) (i32.const 192))
        (if (i32.load8_u (i32.const 192))
          (then (call $reply_refused))
          (else
            (local.set $ptr (i32.load (i32.const 196)))
            (local.set $n (i32.load (i32.const 200)))
            (call $reply (local.get $ptr) (local.get $n) (i32.const 192))))
        (return (i32.const 224))))
    (if (i32.eq (local.get $op) (i32.const 0x73)) ;; s<id>: send "c" to <id>
      (then
        (call $send (i32.add (local.get $payload) (i32.const 4)) (i32.sub (local.get $len) (i32.const 5))
                    (i32.const 352) (i32.const 5) (i32.const 192))
        (if (i32.load8_u (i32.const 192))
          (then (call $reply_refused))
          (else (call $reply (i32.const 340) (i32.const 8) (i32.const 192))))
        (return (i32.const 224))))
    ;; c and anything else: count
    (global.set $count (i32.add (global.get $count) (i32.const 1)))
    (if (local.get $request) (then (call $reply_count)))
    (i32.const 224))

  (func (export "cabi_post_wharf:actor/handler@1.0.0#handle-message") (param $ret i32)
    (global.set $heap (i32.const 1024)))

  ;; check: status at 224: healthy
  (func (export "wharf:actor/health@1.0.0#check") (result i32)
    (i32.store8 (i32.const 224) (i32.const 0))
    (i32.const 224))

  ;; save-state: list<u8> at 248: [1, count as u32 LE] at 240
  (func (export "wharf:actor/state@1.0.0#save-state") (result i32)
    (i32.store8 (i32.const 240) (i32.const 1))
    (i32.store (i32.const 241) (global.get $count))
    (i32.store (i32.const 248) (i32.const 240))
    (i32.store (i32.const 252) (i32.const 5))
    (i32.const 248))

  (func (export "cabi_post_wharf:actor/state@1.0.0#save-state") (param $ret i32))

  ;; restore-state: result<_, string> at 224
  (func (export "wharf:actor/state@1.0.0#restore-state") (param $ptr i32) (param $len i32) (result i32)
    (if (i32.and (i32.eq (local.get $len) (i32.const 5)) (i32.eq (i32.load8_u (local.get $ptr)) (i32.const 1)))
      (then
        (global.set $count (i32.load offset=1 (local.get $ptr)))
        (i32.store8 (i32.const 224) (i32.const 0)))
      (else
        (i32.store8 (i32.const 224) (i32.const 1))
        (i32.store (i32.const 228) (i32.const 80))
        (i32.store (i32.const 232) (i32.const 20))))
    (i32.const 224))

  (func (export "cabi_post_wharf:actor/state@1.0.0#restore-state") (param $ret i32)
    (global.set $heap (i32.const 1024)))
)
