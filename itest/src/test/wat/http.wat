;; Test guest of the http capability: fetch(url) GETs the URL (written by the host into a
;; buffer via the request's payload) and answers with the status and the body.
;; A request's payload is JSON: the prefix, then a JSON string "http://..." (quotes included).
(module
  (import "wharf" "reply" (func $reply (param i32 i32) (result i32)))
  (import "wharf:http" "request" (func $request (param i32 i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 2)
  (data (i32.const 100) "GET")
  (data (i32.const 110) "x-wharf-test: yes\n")
  (global $next (mut i32) (i32.const 8192))
  (func (export "alloc") (param $len i32) (result i32)
    (local $p i32)
    (if (i32.gt_u (local.get $len) (i32.const 50000)) (then (return (i32.const 0))))
    (if (i32.gt_u (i32.add (global.get $next) (local.get $len)) (i32.const 131072))
      (then (global.set $next (i32.const 8192))))
    (local.set $p (global.get $next))
    (global.set $next (i32.add (global.get $next) (local.get $len)))
    (local.get $p))
  (func (export "dealloc") (param i32 i32))
  ;; payload: 2 bytes of prefix, a quote, the URL, a quote. Replies JSON [status, "body"] when the
  ;; request got a response; with an error, handle-message returns the negated result code.
  (func (export "handle-message") (param i32 i32 i32 i32) (result i32)
    (local $status i32) (local $blen i32) (local $out i32)
    (local.set $status (call $request
      (i32.const 100) (i32.const 3)
      (i32.add (local.get 2) (i32.const 3)) (i32.sub (local.get 3) (i32.const 4))
      (i32.const 110) (i32.const 18)
      (i32.const 0) (i32.const 0)
      (i32.const 200)))
    (if (i32.lt_s (local.get $status) (i32.const 0))
      (then (return (i32.sub (i32.const 0) (local.get $status)))))
    (local.set $blen (i32.load (i32.const 204)))
    ;; reply: prefix, then {"status":NNN,"body":"..."} with the status as three digits
    (local.set $out (i32.const 2000))
    (i32.store8 (i32.const 2000) (i32.const 0x80))
    (i32.store8 (i32.const 2001) (i32.const 0x04))
    (i32.store8 (i32.const 2002) (i32.const 91)) ;; [
    (i32.store8 (i32.const 2003) (i32.add (i32.const 48) (i32.div_u (local.get $status) (i32.const 100))))
    (i32.store8 (i32.const 2004) (i32.add (i32.const 48) (i32.rem_u (i32.div_u (local.get $status) (i32.const 10)) (i32.const 10))))
    (i32.store8 (i32.const 2005) (i32.add (i32.const 48) (i32.rem_u (local.get $status) (i32.const 10))))
    (i32.store8 (i32.const 2006) (i32.const 44)) ;; ,
    (i32.store8 (i32.const 2007) (i32.const 34)) ;; "
    (memory.copy (i32.const 2008) (i32.load (i32.const 200)) (local.get $blen))
    (i32.store8 (i32.add (i32.const 2008) (local.get $blen)) (i32.const 34))
    (i32.store8 (i32.add (i32.const 2009) (local.get $blen)) (i32.const 93)) ;; ]
    (drop (call $reply (i32.const 2000) (i32.add (local.get $blen) (i32.const 10))))
    (i32.const 0))
)
