;; Test guest: a memory hog. grow takes one page at a time until memory.grow answers -1 (its cap
;; or the budget of all guests) and returns the pages it holds; answer proves it still serves.
(module
  (memory (export "memory") 1)
  (func (export "grow") (result i32)
    (block $full
      (loop $more
        (br_if $full (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
        (br $more)))
    (memory.size))
  (func (export "answer") (result i32) (i32.const 42))
)
