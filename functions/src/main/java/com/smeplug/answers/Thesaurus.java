package com.smeplug.answers;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymMap;

/**
 * The domain thesaurus ({@value #RESOURCE}, Solr synonym format): how users put things ("pre-ticked box", "stolen
 * laptop", "stuck with a needle") next to the terms the packs use ("consent", "breach", "needlestick"). Applied to
 * questions only, by Lucene's synonym graph filter.
 */
final class Thesaurus {

    static final String RESOURCE = "/chat/thesaurus.txt";

    static final SynonymMap MAP = load();

    private Thesaurus() {
    }

    private static SynonymMap load() {
        Analyzer words = new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer source = new StandardTokenizer();
                return new TokenStreamComponents(source, new LowerCaseFilter(source));
            }
        };
        try (InputStream in = Thesaurus.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar");
            }
            SolrSynonymParser parser = new SolrSynonymParser(true, true, words);
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                parser.parse(reader);
            }
            return parser.build();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (ParseException e) {
            throw new IllegalStateException(RESOURCE + " line " + e.getErrorOffset() + ": " + e.getMessage(), e);
        }
    }
}
