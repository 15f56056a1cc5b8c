;; Turns the inlined text of the Consentry module back into its bytes (see
;; inlineWasm in scripts/build-pkg.mjs). boot.js copies the ASCII text into
;; this module's memory at `at` (natively, with TextEncoder.encodeInto) and
;; calls `decode(at, len)`; the bytes are written in place from `at`, and
;; their count returned. Why wasm: the page runs this loop once, cold, over
;; some 300,000 characters; as JavaScript it ran in the interpreter (4-5 ms
;; on the benchmark machine), here it is compiled code (about 2 ms with the
;; copy). scripts/build-pkg.mjs assembles it with binaryen's wasm-as.
(module
  (memory (export "memory") 1)
  ;; 0..256: one (u16 per character): its byte, or 256 + prefix number
  ;; 256..512: two (u8): [prefix * 128 + character] -> byte
  ;; 512..768: byRank (u8)
  (func $hex (param $c i32) (result i32)
    (select
      (i32.sub (local.get $c) (i32.const 48))
      (i32.sub (local.get $c) (i32.const 87))
      (i32.lt_u (local.get $c) (i32.const 58))))
  (func (export "decode") (param $at i32) (param $len i32) (result i32)
    (local $r i32) (local $c i32) (local $k i32) (local $v i32) (local $i i32) (local $end i32) (local $n i32)
    ;; the ranking: 256 bytes in hex
    (loop $rank
      (i32.store8 offset=512 (local.get $r)
        (i32.or
          (i32.shl (call $hex (i32.load8_u (i32.add (local.get $at) (i32.shl (local.get $r) (i32.const 1))))) (i32.const 4))
          (call $hex (i32.load8_u offset=1 (i32.add (local.get $at) (i32.shl (local.get $r) (i32.const 1)))))))
      (br_if $rank (i32.lt_u (local.tee $r (i32.add (local.get $r) (i32.const 1))) (i32.const 256))))
    ;; the alphabet: printable ASCII but '"', '\' and '<'; 90 direct, 2 prefixes
    (local.set $c (i32.const 32))
    (loop $alpha
      (if (i32.and (i32.and (i32.ne (local.get $c) (i32.const 34)) (i32.ne (local.get $c) (i32.const 92))) (i32.ne (local.get $c) (i32.const 60)))
        (then
          (i32.store16 (i32.shl (local.get $c) (i32.const 1))
            (select
              (i32.load8_u offset=512 (local.get $k))
              (i32.add (i32.const 166) (local.get $k)) ;; 256 + (k - 90)
              (i32.lt_u (local.get $k) (i32.const 90))))
          ;; two[0][c] = byRank[90 + k], two[1][c] = byRank[182 + k] (where < 256)
          (i32.store8 offset=256 (local.get $c) (i32.load8_u offset=602 (local.get $k)))
          (if (i32.lt_u (local.get $k) (i32.const 74))
            (then (i32.store8 offset=384 (local.get $c) (i32.load8_u offset=694 (local.get $k)))))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))))
      (br_if $alpha (i32.lt_u (local.tee $c (i32.add (local.get $c) (i32.const 1))) (i32.const 127))))
    ;; the bytes
    (local.set $i (i32.add (local.get $at) (i32.const 512)))
    (local.set $end (i32.add (local.get $at) (local.get $len)))
    (local.set $n (local.get $at))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $v (i32.load16_u (i32.shl (i32.load8_u (local.get $i)) (i32.const 1))))
        (if (i32.ge_u (local.get $v) (i32.const 256))
          (then
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (local.set $v (i32.load8_u offset=256
              (i32.or (i32.shl (i32.sub (local.get $v) (i32.const 256)) (i32.const 7)) (i32.load8_u (local.get $i)))))))
        (i32.store8 (local.get $n) (local.get $v))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.sub (local.get $n) (local.get $at))))
