;; Test guest for messaging. handle-message looks at the first byte of the payload body:
;;   a JSON string "e..." echoes the payload back with reply, "s..." returns 0 without
;;   replying, "x..." traps, "r..." returns 7, "f..." sends the JSON string "hi" on to "sink",
;;   "d..." replies twice (the second reply must answer -8);
;;   anything else is counted; a 10-byte Borsh payload (slot i32, seq i32) is also checked for
;;   order: per slot, seq must be 0, 1, 2, ...
;; Exports for Invoke read the counters and make the guest call send/reply in odd ways.
(module
  (import "wharf" "send" (func $send (param i32 i32 i32 i32) (result i32)))
  (import "wharf" "reply" (func $reply (param i32 i32) (result i32)))
  (import "wharf" "log" (func $log (param i32 i32 i32)))
  (memory (export "memory") 1)
  ;; 0..63: target ids; 64..127: payloads; 128..191: last sender; 1024..: expected seq per slot; 4096..: heap
  (data (i32.const 0) "sink")
  (data (i32.const 8) "nobody")
  (data (i32.const 16) "Not An Id")
  (data (i32.const 64) "\80\04\"hi\"")
  (data (i32.const 72) "\52\00")
  (global $heap (mut i32) (i32.const 4096))
  (global $live (mut i32) (i32.const 0))
  (global $count (mut i32) (i32.const 0))
  (global $violations (mut i32) (i32.const 0))
  (global $bytes (mut i64) (i64.const 0))
  (global $last_send (mut i32) (i32.const 1))
  (global $second_reply (mut i32) (i32.const 1))
  (global $sender_len (mut i32) (i32.const 0))

  ;; a bump allocator that starts over when every buffer has been given back
  (func (export "alloc") (param $len i32) (result i32)
    (local $p i32) (local $end i32) (local $have i32)
    global.get $heap local.set $p
    local.get $p local.get $len i32.add local.set $end
    memory.size i32.const 16 i32.shl local.set $have
    (if (i32.gt_u (local.get $end) (local.get $have))
      (then
        (if (i32.eq
              (memory.grow (i32.add (i32.shr_u (i32.sub (local.get $end) (local.get $have)) (i32.const 16)) (i32.const 1)))
              (i32.const -1))
          (then (return (i32.const 0))))))
    local.get $end global.set $heap
    global.get $live i32.const 1 i32.add global.set $live
    local.get $p)

  (func (export "dealloc") (param $ptr i32) (param $len i32)
    global.get $live i32.const 1 i32.sub global.set $live
    (if (i32.eqz (global.get $live)) (then (global.set $heap (i32.const 4096)))))

  (func (export "handle-message") (param $sp i32) (param $sl i32) (param $mp i32) (param $ml i32) (result i32)
    (local $b i32) (local $slot i32) (local $seq i32) (local $at i32)
    ;; remember the sender id
    (global.set $sender_len (local.get $sl))
    (memory.copy (i32.const 128) (local.get $sp) (select (local.get $sl) (i32.const 64) (i32.lt_u (local.get $sl) (i32.const 64))))
    (if (i32.eq (i32.load8_u offset=2 (local.get $mp)) (i32.const 0x22))
      (then
        (local.set $b (i32.load8_u offset=3 (local.get $mp)))
        (if (i32.eq (local.get $b) (i32.const 0x65)) ;; e: echo
          (then (drop (call $reply (local.get $mp) (local.get $ml))) (return (i32.const 0))))
        (if (i32.eq (local.get $b) (i32.const 0x73)) ;; s: silent
          (then (return (i32.const 0))))
        (if (i32.eq (local.get $b) (i32.const 0x78)) ;; x: trap
          (then unreachable))
        (if (i32.eq (local.get $b) (i32.const 0x72)) ;; r: error code 7
          (then (return (i32.const 7))))
        (if (i32.eq (local.get $b) (i32.const 0x66)) ;; f: forward to sink
          (then
            (global.set $last_send (call $send (i32.const 0) (i32.const 4) (i32.const 64) (i32.const 6)))
            (return (i32.const 0))))
        (if (i32.eq (local.get $b) (i32.const 0x64)) ;; d: reply twice
          (then
            (drop (call $reply (local.get $mp) (local.get $ml)))
            (global.set $second_reply (call $reply (local.get $mp) (local.get $ml)))
            (return (i32.const 0))))))
    ;; count, and check the order of 10-byte Borsh payloads per slot
    (global.set $count (i32.add (global.get $count) (i32.const 1)))
    (global.set $bytes (i64.add (global.get $bytes) (i64.extend_i32_u (local.get $ml))))
    (if (i32.eq (local.get $ml) (i32.const 10))
      (then
        (local.set $slot (i32.and (i32.load offset=2 (local.get $mp)) (i32.const 255)))
        (local.set $seq (i32.load offset=6 (local.get $mp)))
        (local.set $at (i32.add (i32.const 1024) (i32.shl (local.get $slot) (i32.const 2))))
        (if (i32.ne (i32.load (local.get $at)) (local.get $seq))
          (then (global.set $violations (i32.add (global.get $violations) (i32.const 1)))))
        (i32.store (local.get $at) (i32.add (local.get $seq) (i32.const 1)))))
    i32.const 0)

  (func (export "count") (result i32) global.get $count)
  (func (export "violations") (result i32) global.get $violations)
  (func (export "bytes") (result i64) global.get $bytes)
  (func (export "last_send") (result i32) global.get $last_send)
  (func (export "second_reply") (result i32) global.get $second_reply)
  (func (export "sender_len") (result i32) global.get $sender_len)
  ;; first byte of the last sender id, to check it arrived
  (func (export "sender_first") (result i32) (i32.load8_u (i32.const 128)))
  (func (export "live_buffers") (result i32) global.get $live)

  ;; send with odd arguments; each returns what send answered
  (func (export "send_out_of_bounds") (result i32)
    (call $send (i32.const 0) (i32.const 4) (i32.const 65530) (i32.const 100)))
  (func (export "send_target_out_of_bounds") (result i32)
    (call $send (i32.const -16) (i32.const 4) (i32.const 64) (i32.const 6)))
  (func (export "send_unknown_codec") (result i32)
    (call $send (i32.const 0) (i32.const 4) (i32.const 72) (i32.const 2)))
  (func (export "send_unknown_target") (result i32)
    (call $send (i32.const 8) (i32.const 6) (i32.const 64) (i32.const 6)))
  (func (export "send_invalid_target") (result i32)
    (call $send (i32.const 16) (i32.const 9) (i32.const 64) (i32.const 6)))
  (func (export "send_to_sink") (result i32)
    (call $send (i32.const 0) (i32.const 4) (i32.const 64) (i32.const 6)))
  ;; sends n times to sink; returns how many were accepted, stops at the first refusal
  (func (export "send_burst") (param $n i32) (result i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (br_if $done (i32.ne (call $send (i32.const 0) (i32.const 4) (i32.const 64) (i32.const 6)) (i32.const 0)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    local.get $i)
  ;; sends to sink forever: only the timeout stops it
  (func (export "send_forever")
    (loop $again
      (drop (call $send (i32.const 0) (i32.const 4) (i32.const 64) (i32.const 6)))
      (br $again)))
  (func (export "reply_outside_a_request") (result i32)
    (call $reply (i32.const 64) (i32.const 6)))
)
