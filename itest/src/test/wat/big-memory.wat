;; Test guest: needs 300 pages at start, more than the default cap of 256.
(module
  (memory (export "memory") 300)
  (func (export "ok") (result i32) i32.const 1)
)
