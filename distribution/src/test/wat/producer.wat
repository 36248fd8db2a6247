;; Test guest: burst(n) sends n messages to "xrecv", retrying while its mailbox is full, and
;; answers how many it sent (fewer when a send is refused for another reason).
(module
  (import "wharf" "send" (func $send (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "xrecv")
  (data (i32.const 8) "\80\04\"hi\"")
  (func (export "burst") (param $n i32) (result i32)
    (local $i i32) (local $rc i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $rc (call $send (i32.const 0) (i32.const 5) (i32.const 8) (i32.const 6)))
        (if (i32.eqz (local.get $rc))
          (then (local.set $i (i32.add (local.get $i) (i32.const 1))))
          (else (br_if $done (i32.ne (local.get $rc) (i32.const -5)))))
        (br $next)))
    (local.get $i))
)
